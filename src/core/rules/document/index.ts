import { Rule } from '../../rule';
import { jsonComments } from './jsonComments';
import { jsonSyntax } from './jsonSyntax';

export const DOCUMENT_RULES: readonly Rule[] = [jsonSyntax, jsonComments];
