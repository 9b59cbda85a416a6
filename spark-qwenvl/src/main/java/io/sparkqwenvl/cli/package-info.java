/**
 * Command-line subcommands called by the {@code bin/qwenvl} dispatcher: {@code bench} ({@link
 * io.sparkqwenvl.cli.BenchCommand}, synthetic throughput measurement) and {@code generate} ({@link
 * io.sparkqwenvl.cli.GenerateCommand}, one task on one file).
 */
package io.sparkqwenvl.cli;
