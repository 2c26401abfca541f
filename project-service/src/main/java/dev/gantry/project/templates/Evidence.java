package dev.gantry.project.templates;

/** What completing a checklist item needs besides ticking it. */
public enum Evidence {
    NONE, NOTE, ATTACHMENT, SIGN_OFF
}
