// "Perhaps you meant ..." suggestions: the closest name by cosine similarity of
// letter bigrams and trigrams, like the FuzzySet PostgREST's hints come from
// (default minimum score 0.33).
const MIN_SCORE = 0.33;

function grams(text: string, size: number): Map<string, number> {
  const padded = `-${text.toLowerCase()}-`;
  const counts = new Map<string, number>();
  for (let i = 0; i + size <= padded.length; i++) {
    const gram = padded.slice(i, i + size);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [gram, count] of a) {
    normA += count * count;
    dot += count * (b.get(gram) ?? 0);
  }
  for (const count of b.values()) normB += count * count;
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

function similarity(a: string, b: string): number {
  return Math.max(cosine(grams(a, 2), grams(b, 2)), cosine(grams(a, 3), grams(b, 3)));
}

/** The best candidate above the threshold; `excludeExact` skips a perfect match. */
export function closestMatch(target: string, candidates: Iterable<string>, excludeExact = false): string | null {
  let best: string | null = null;
  let bestScore = MIN_SCORE;
  for (const candidate of candidates) {
    const score = similarity(target, candidate);
    if (excludeExact && score >= 1) continue;
    if (score > bestScore || (score === bestScore && best === null)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
