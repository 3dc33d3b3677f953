/** Injected time, so that tests can pin it and services never call Date.now() directly. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Injected id generation for requestIds and workerIds. */
export interface IdGenerator {
  newId(): string;
}

export const randomIdGenerator: IdGenerator = { newId: () => crypto.randomUUID() };
