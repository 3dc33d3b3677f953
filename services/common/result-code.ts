/** Why a request ended the way it did. Set together with the final status. */
export const ResultCode = {
  SUCCESS: 'SUCCESS',
  REJECTED_CAPACITY: 'REJECTED_CAPACITY',
  REJECTED_EVENT_CLOSED: 'REJECTED_EVENT_CLOSED',
  FAILED_INGEST_ENQUEUE: 'FAILED_INGEST_ENQUEUE',
  FAILED_WORKER: 'FAILED_WORKER',
  FAILED_VALIDATION: 'FAILED_VALIDATION',
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

export const FailureClass = {
  RETRYABLE: 'RETRYABLE',
  NON_RETRYABLE: 'NON_RETRYABLE',
} as const;
export type FailureClass = (typeof FailureClass)[keyof typeof FailureClass];

export const EventType = {
  FIRST_COME: 'FIRST_COME',
  /** Reserved by the contract; the reference worker rejects it as not supported. */
  LOTTERY: 'LOTTERY',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
