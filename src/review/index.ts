/** `screenplay review`: what it finds in a rendered video, and the files it writes. */
export * from './types';
export {
  reviewVideo,
  writeReview,
  writeReviewSummary,
  reviewPaths,
  sortFindings,
  type ReviewOptions,
  type WrittenReview,
  type ReviewSummary,
} from './review-video';
export { timelineChecks } from './timeline-checks';
export type { ReviewInput, StepSpan } from './review-input';
