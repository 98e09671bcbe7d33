import { Rule } from '../../rule';
import { jsonComments } from './jsonComments';
import { jsonEncoding } from './jsonEncoding';
import { jsonSyntax } from './jsonSyntax';
import { jsonTooLarge } from './jsonTooLarge';

export const DOCUMENT_RULES: readonly Rule[] = [jsonTooLarge, jsonEncoding, jsonSyntax, jsonComments];
