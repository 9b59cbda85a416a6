/**
 * The continuous-batching generation engine: {@link io.sparkqwenvl.engine.QwenVlEngine} keeps one
 * device busy for every task of the JVM ({@link io.sparkqwenvl.engine.EngineRegistry}). Requests
 * ({@link io.sparkqwenvl.engine.EngineRequest}) wait in a bounded queue; each lane (a scheduler
 * thread with its own KV slots, allocated once) admits them by a token and memory budget, prefills
 * them with one vision pass, and decodes all occupied slots step by step, finished sequences
 * leaving and queued ones joining between steps. Device out-of-memory errors split the work; {@link
 * io.sparkqwenvl.engine.EngineStats} counts tokens, steps, padding and phase times.
 */
package io.sparkqwenvl.engine;
