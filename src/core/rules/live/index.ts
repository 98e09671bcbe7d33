import { Rule } from '../../rule';

/** Section (f): rules that read live bucket state (facts); silent on plain files. */
export const LIVE_RULES: readonly Rule[] = [];
