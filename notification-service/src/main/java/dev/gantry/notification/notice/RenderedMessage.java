package dev.gantry.notification.notice;

/** A notice in one language: a one-line title, a plain-text body and an absolute link (or null). */
public record RenderedMessage(String title, String body, String link) {
}
