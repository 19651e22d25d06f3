import fastq from 'fastq';
import type { ListUpdate } from '../api';
import { AppError, toAppError } from '../../common/errors';
import type { Timers } from '../base';
import type { PollOutcome } from './reducer';

export interface PollRunnerOptions {
  /** Polls running at once. */
  concurrency: number;
  /** A poll that takes longer is aborted and ends as a `timeout`. */
  pollTimeoutMs: number;
  timers: Timers;
  now: () => number;
}

/** One poll handed to the runner. */
export interface PollTask {
  /** The list call; its signal aborts at the deadline or when the poll is abandoned. */
  call(signal: AbortSignal): Promise<ListUpdate>;
  /** Applies the outcome, unless the poll was abandoned; runs before `done` settles. */
  settle(outcome: PollOutcome): void;
}

/** A poll waiting in the queue or running. */
export interface QueuedPoll {
  /** Settles once the outcome is applied or dropped; rejects with what `settle` threw. */
  readonly done: Promise<void>;
  /** Drops the poll: skipped if still queued, its call aborted if running, its outcome ignored. */
  abandon(): void;
}

interface Job {
  task: PollTask;
  abandoned: boolean;
  controller: AbortController | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Runs list calls through a queue of bounded concurrency, each within the poll deadline. */
export class PollRunner {
  readonly #options: PollRunnerOptions;
  readonly #queue: fastq.queue<Job, void>;

  constructor(options: PollRunnerOptions) {
    this.#options = options;
    this.#queue = fastq<null, Job, void>(null, (job, done) => this.#start(job, done), options.concurrency);
  }

  run(task: PollTask): QueuedPoll {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job: Job = { task, abandoned: false, controller: null, resolve, reject };
    this.#queue.push(job);
    return {
      done,
      abandon() {
        job.abandoned = true;
        job.controller?.abort();
      },
    };
  }

  #start(job: Job, done: fastq.done): void {
    if (job.abandoned) {
      // Finished in a microtask: a long run of skipped jobs would otherwise recurse through the queue.
      queueMicrotask(() => this.#finish(job, null, done));
      return;
    }
    const { timers, pollTimeoutMs } = this.#options;
    const startedAt = this.#options.now();
    const controller = new AbortController();
    job.controller = controller;
    let settled = false;
    const finish = (outcome: PollOutcome): void => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(deadline);
      this.#finish(job, outcome, done);
    };
    // The deadline ends the poll even when the call ignores its signal and never settles.
    const deadline = timers.setTimeout(() => {
      controller.abort();
      const seconds = Math.round(pollTimeoutMs / 1000);
      const message = `Calypso did not answer within ${seconds} s. The check will be retried.`;
      finish({ ok: false, error: new AppError('timeout', message), startedAt });
    }, pollTimeoutMs);
    let listing: Promise<ListUpdate>;
    try {
      listing = job.task.call(controller.signal);
    } catch (error) {
      // Settled in a reaction like any failure: finishing here would start the next job from within this one.
      listing = Promise.reject(error);
    }
    listing.then(
      (update) => finish({ ok: true, update, startedAt }),
      (error: unknown) => finish({ ok: false, error: toAppError(error), startedAt }),
    );
  }

  #finish(job: Job, outcome: PollOutcome | null, done: fastq.done): void {
    try {
      if (outcome !== null && !job.abandoned) job.task.settle(outcome);
      job.resolve();
    } catch (error) {
      job.reject(error);
    } finally {
      done(null);
    }
  }
}
