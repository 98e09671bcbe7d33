import { Rule } from '../../rule';

/** Sections (b)–(e): IAM policy grammar and replication role, trust, bucket and key policy rules. */
export const IAM_RULES: readonly Rule[] = [];
