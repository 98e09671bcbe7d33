/**
 * Bytes to text, recording how they were encoded: UTF-8 unless a UTF-16 byte order mark says
 * otherwise (Windows PowerShell 5 writes UTF-16 by default, and such files reach us). The mark is
 * not part of the text; `json-encoding` reports it, since the AWS CLI does not drop it.
 */
import type { TextEncoding } from './document';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** False when the bytes are not valid in their encoding (replacement characters were put in). */
  valid: boolean;
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf16le', ...decodeBody('utf-16le', bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf16be', ...decodeBody('utf-16be', bytes.subarray(2)) };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { encoding: bom ? 'utf8bom' : 'utf8', ...decodeBody('utf-8', bom ? bytes.subarray(3) : bytes) };
}

function decodeBody(label: string, body: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body), valid: true };
  } catch {
    return { text: new TextDecoder(label, { ignoreBOM: true }).decode(body), valid: false };
  }
}
