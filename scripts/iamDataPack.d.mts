/** Types of scripts/iamDataPack.mjs, for the tests that pack the real data. */
export function packIamData(source: string, target: string): { services: number; bytes: number };
