package dev.gantry.notification.notice;

/**
 * What a notification is about; preferences are set per kind and channel. {@link #personal} kinds reach people,
 * {@link #teamChannel} kinds are also posted by a project's robots.
 */
public enum NoticeKind {
    TASK_ASSIGNED(true, true),
    MENTIONED(true, false),
    TASK_CHANGED(true, false),
    TASK_COMMENTED(true, false),
    APPROVAL_REQUESTED(true, true),
    RELEASE_STAGE_CHANGED(true, true),
    RELEASE_COMPLETED(true, true),
    RELEASE_ENDED(true, true),
    TASK_DUE_SOON(true, false),
    TASK_OVERDUE(true, true),
    APPROVAL_WAITING(true, true),
    RELEASE_AT_RISK(false, true);

    private final boolean personal;
    private final boolean teamChannel;

    NoticeKind(boolean personal, boolean teamChannel) {
        this.personal = personal;
        this.teamChannel = teamChannel;
    }

    public boolean personal() {
        return personal;
    }

    public boolean teamChannel() {
        return teamChannel;
    }
}
