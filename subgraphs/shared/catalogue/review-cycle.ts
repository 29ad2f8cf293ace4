/**
 * The guideline asks every Ressort to bring its measures up to date every six months
 * (chapter V). A measure never reviewed in the hub is due at once.
 */
export const REVIEW_INTERVAL_MONTHS = 6;

/** SQL: true when the row aliased `alias` is due for review. */
export function reviewDueSql(alias: string): string {
  return `(${alias}.last_reviewed_at IS NULL OR ${alias}.last_reviewed_at <= now() - interval '${REVIEW_INTERVAL_MONTHS} months')`;
}

export function reviewDueOn(lastReviewedAt: Date | null): Date | null {
  if (!lastReviewedAt) return null;
  const due = new Date(lastReviewedAt);
  due.setUTCMonth(due.getUTCMonth() + REVIEW_INTERVAL_MONTHS);
  return due;
}

export function isReviewDue(lastReviewedAt: Date | null, now = new Date()): boolean {
  const due = reviewDueOn(lastReviewedAt);
  return due === null || due <= now;
}
