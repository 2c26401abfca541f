package dev.gantry.notification.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.events.Event;
import dev.gantry.events.projects.ReleaseAborted;
import dev.gantry.events.projects.ReleaseApprovalRequested;
import dev.gantry.events.projects.ReleaseCompleted;
import dev.gantry.events.projects.ReleaseRolledBack;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseStageApproved;
import dev.gantry.events.projects.ReleaseStageEntered;
import dev.gantry.events.projects.ReleaseStageRejected;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.tasks.CommentAdded;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskStatusChanged;
import dev.gantry.events.tasks.TaskUpdated;
import dev.gantry.events.tasks.UsersMentioned;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.NoticeKind;
import dev.gantry.notification.recipient.Recipients;
import dev.gantry.notification.reminder.TrackedRelease;
import dev.gantry.notification.reminder.TrackedWork;
import dev.gantry.notification.rule.Audiences;

/**
 * What notification-service does when something happens elsewhere: builds the notice, asks {@link Audiences} who
 * it concerns, and hands both to the {@link Notifier}. Each method runs in the event's tenant transaction.
 */
@Component
public class EventReactions {

    private final Notifier notifier;
    private final Recipients recipients;
    private final ProjectMembership membership;
    private final TrackedWork work;
    private final int rejectionsAtRisk;

    EventReactions(Notifier notifier, Recipients recipients, ProjectMembership membership, TrackedWork work,
            @Value("${gantry.notifications.risk.rejections:2}") int rejectionsAtRisk) {
        this.notifier = notifier;
        this.recipients = recipients;
        this.membership = membership;
        this.work = work;
        this.rejectionsAtRisk = rejectionsAtRisk;
    }

    void onTaskAssigned(Event<TaskAssigned> event) {
        TaskState task = event.payload().task();
        if (task.assigneeId() == null) {
            return; // unassigned: nobody to tell
        }
        notifier.notify(event.id(), taskNotice(NoticeKind.TASK_ASSIGNED, task, event,
                Map.of("assignee", recipients.nameOf(task.assigneeId()))),
                Audiences.onAssignment(event.payload(), actor(event)));
    }

    void onMentioned(Event<UsersMentioned> event) {
        UsersMentioned mention = event.payload();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("actor", recipients.nameOf(mention.authorId()));
        params.put("taskKey", mention.taskKey());
        params.put("taskTitle", mention.taskTitle());
        params.put("excerpt", excerpt(mention.excerpt()));
        notifier.notify(event.id(), new Notice(NoticeKind.MENTIONED, mention.projectId(), mention.taskId(),
                taskPath(mention.projectId(), mention.taskKey()), params), Audiences.onMention(mention, actor(event)));
    }

    void onTaskUpdated(Event<TaskUpdated> event) {
        List<String> changes = Audiences.significantChanges(event.payload().changedFields());
        notifier.notify(event.id(), taskNotice(NoticeKind.TASK_CHANGED, event.payload().task(), event,
                Map.of("changes", String.join(", ", changes))),
                Audiences.onChange(event.payload().task(), event.payload().changedFields(), actor(event)));
    }

    void onTaskStatusChanged(Event<TaskStatusChanged> event) {
        notifier.notify(event.id(), taskNotice(NoticeKind.TASK_CHANGED, event.payload().task(), event,
                Map.of("changes", "status")), Audiences.onTransition(event.payload().task(), actor(event)));
    }

    void onCommentAdded(Event<CommentAdded> event) {
        var comment = event.payload().comment();
        var task = work.task(comment.taskId()).orElse(null);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("actor", recipients.nameOf(comment.authorId()));
        params.put("taskKey", comment.taskKey());
        params.put("taskTitle", task == null ? "" : task.title());
        params.put("excerpt", excerpt(comment.body()));
        notifier.notify(event.id(), new Notice(NoticeKind.TASK_COMMENTED, comment.projectId(), comment.taskId(),
                taskPath(comment.projectId(), comment.taskKey()), params),
                task == null ? Set.of() : Audiences.onComment(comment, task.assigneeId(), task.watcherIds(),
                        actor(event)));
    }

    void onApprovalRequested(Event<ReleaseApprovalRequested> event) {
        ReleaseApprovalRequested request = event.payload();
        notifier.notify(event.id(), releaseNotice(NoticeKind.APPROVAL_REQUESTED, request.release(),
                request.stageId(), event, Map.of("approvers", String.join(", ",
                        request.approverIds().stream().map(recipients::nameOf).toList()))),
                Audiences.onApprovalRequest(request.approverIds(), request.requestedBy(), actor(event)));
    }

    void onStageEntered(Event<ReleaseStageEntered> event) {
        stageChanged(event, event.payload().release(), event.payload().stageId(), "stage.entered", "", null);
    }

    void onStageApproved(Event<ReleaseStageApproved> event) {
        if (event.payload().stageApproved()) {
            stageChanged(event, event.payload().release(), event.payload().stageId(), "stage.approved",
                    event.payload().comment(), event.payload().approverId());
        }
    }

    void onStageRejected(Event<ReleaseStageRejected> event) {
        ReleaseStageRejected rejection = event.payload();
        stageChanged(event, rejection.release(), rejection.stageId(), "stage.rejected", rejection.comment(),
                rejection.approverId());
        int rejections = work.rejected(rejection.release().releaseId(), rejection.stageId(), event.tenantId());
        if (rejections >= rejectionsAtRisk) {
            String reason = MessageTemplates.labelRef("risk.rejections", stageName(rejection.release(),
                    rejection.stageId()), rejections);
            notifier.notify(event.id(), releaseNotice(NoticeKind.RELEASE_AT_RISK, rejection.release(),
                    rejection.stageId(), event, Map.of("reasons", reason)), List.of());
        }
    }

    void onCompleted(Event<ReleaseCompleted> event) {
        ReleaseState release = event.payload().release();
        notifier.notify(event.id(), releaseNotice(NoticeKind.RELEASE_COMPLETED, release, null, event, Map.of()),
                participants(release, event));
    }

    void onRolledBack(Event<ReleaseRolledBack> event) {
        ended(event, event.payload().release(), "ROLLED_BACK", event.payload().reason());
    }

    void onAborted(Event<ReleaseAborted> event) {
        ended(event, event.payload().release(), "ABORTED", "");
    }

    private void ended(Event<?> event, ReleaseState release, String outcome, String reason) {
        notifier.notify(event.id(), releaseNotice(NoticeKind.RELEASE_ENDED, release, null, event,
                Map.of("outcome", MessageTemplates.labelRef("outcome." + outcome),
                        "reason", reason == null ? "" : reason)), participants(release, event));
    }

    /** Tells release participants of a stage change, except whoever made it (the deciding approver, if any). */
    private void stageChanged(Event<?> event, ReleaseState release, UUID stageId, String change, String comment,
            UUID decidedBy) {
        Set<UUID> people = participants(release, event);
        if (decidedBy != null) {
            people.remove(decidedBy);
        }
        notifier.notify(event.id(), releaseNotice(NoticeKind.RELEASE_STAGE_CHANGED, release, stageId, event,
                Map.of("change", MessageTemplates.labelRef(change),
                        "comment", comment == null ? "" : comment)), people);
    }

    private Set<UUID> participants(ReleaseState release, Event<?> event) {
        List<UUID> approvers = work.release(release.releaseId()).map(TrackedRelease::approverIds).orElse(List.of());
        return Audiences.releaseParticipants(membership.membersOf(release.projectId()), approvers, actor(event));
    }

    private Notice taskNotice(NoticeKind kind, TaskState task, Event<?> event, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        params.put("actor", recipients.nameOf(actor(event)));
        params.put("taskKey", task.key());
        params.put("taskTitle", task.title());
        params.put("status", task.status());
        return new Notice(kind, task.projectId(), task.taskId(), taskPath(task.projectId(), task.key()), params);
    }

    private Notice releaseNotice(NoticeKind kind, ReleaseState release, UUID stageId, Event<?> event,
            Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        params.put("actor", recipients.nameOf(actor(event)));
        params.put("release", release.version() == null ? release.name() : release.name() + " " + release.version());
        params.put("project", release.projectKey());
        params.put("stage", stageId == null ? "" : stageName(release, stageId));
        return new Notice(kind, release.projectId(), release.releaseId(),
                "/projects/" + release.projectId() + "/releases/" + release.releaseId(), params);
    }

    private static String stageName(ReleaseState release, UUID stageId) {
        return release.stages().stream().filter(s -> s.stageId().equals(stageId)).map(ReleaseStage::name)
                .findFirst().orElse(stageId.toString());
    }

    static String taskPath(UUID projectId, String key) {
        return "/projects/" + projectId + "/tasks/" + key;
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 140 ? flat : flat.substring(0, 139) + "…";
    }

    static UUID actor(Event<?> event) {
        try {
            return event.actorId() == null ? null : UUID.fromString(event.actorId());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
