/**
 * The event catalogue: the CloudEvents envelope, the topics, and the payload records of every event another service
 * consumes, one sub-package per owning service. Producer and consumers share these definitions; a payload only ever
 * gains fields within a version ({@code .v1}), and consumers ignore fields and event types they do not know.
 */
package dev.gantry.events;
