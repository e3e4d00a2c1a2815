// The file name of the k-th document of a corpus (1-based): the number zero-padded to three digits, as in 001.txt.

export function documentName(index: number): string {
  return `${String(index).padStart(3, '0')}.txt`;
}
