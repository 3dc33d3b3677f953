/** The lifecycle of a participation request (spec section 1). Final statuses are absorbing. */
export const Status = {
  RECEIVED: 'RECEIVED',
  QUEUED: 'QUEUED',
  PROCESSING: 'PROCESSING',
  SUCCEEDED: 'SUCCEEDED',
  REJECTED: 'REJECTED',
  FAILED_FINAL: 'FAILED_FINAL',
} as const;
export type Status = (typeof Status)[keyof typeof Status];

export const ALL_STATUSES: readonly Status[] = Object.values(Status);
export const FINAL_STATUSES: readonly Status[] = [Status.SUCCEEDED, Status.REJECTED, Status.FAILED_FINAL];

export function isFinalStatus(status: Status): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Statuses a user may see in "my participations": QUEUED and later. */
export function isVisibleToOwnerList(status: Status): boolean {
  return status !== Status.RECEIVED;
}
