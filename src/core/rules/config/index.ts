import { Rule } from '../../rule';
import { v2DeleteMarkerRequired } from './v2DeleteMarkerRequired';

/** Section (a) of the catalogue: rules on the replication configuration document itself. */
export const CONFIG_RULES: readonly Rule[] = [v2DeleteMarkerRequired];
