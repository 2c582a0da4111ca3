// The decoder targets plain ES2022 with no DOM and no Node types, so that it runs unchanged in the
// worker, in Node's tests and in the bench. Its time budget needs a monotonic clock, which every
// one of those has; declared here, narrowly, so nothing else is reached for by accident.
declare const performance: { now(): number };
