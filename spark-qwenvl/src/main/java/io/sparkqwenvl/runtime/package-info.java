/** Process-wide defaults (DJL offline, no tracking) and small shared helpers (JSON). */
package io.sparkqwenvl.runtime;
