package dev.gantry.notification.dispatch;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.users.UserEvents;
import dev.gantry.notification.recipient.Recipients;
import dev.gantry.notification.reminder.TrackedWork;

/**
 * Everything notification-service reacts to, in one place. Projections are registered before the reactions that
 * read them, so a reaction to an event sees the state that event brought.
 */
@Configuration(proxyBeanMethods = false)
class NotificationEvents {

    @Bean
    EventSubscriptions eventSubscriptions(ProjectMembership membership, Recipients recipients, TrackedWork work,
            EventReactions reactions) {
        return EventSubscriptions.builder()
                .include(membership.subscriptions())
                .on(UserEvents.CREATED, "recipients", recipients::onCreated)
                .on(UserEvents.UPDATED, "recipients", recipients::onUpdated)
                .on(UserEvents.DISABLED, "recipients", recipients::onDisabled)
                .on(UserEvents.DELETED, "recipients", recipients::onDeleted)
                .on(TaskEvents.CREATED, "tracked-tasks", e -> work.task(e, e.payload().task()))
                .on(TaskEvents.UPDATED, "tracked-tasks", e -> work.task(e, e.payload().task()))
                .on(TaskEvents.DELETED, "tracked-tasks", work::taskDeleted)
                .on(ReleaseEvents.STARTED, "tracked-releases", e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.STAGE_ENTERED, "tracked-releases",
                        e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.APPROVAL_REQUESTED, "tracked-releases",
                        e -> work.release(e, e.payload().release(), e.payload().approverIds()))
                .on(ReleaseEvents.STAGE_APPROVED, "tracked-releases",
                        e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.STAGE_REJECTED, "tracked-releases",
                        e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.COMPLETED, "tracked-releases", e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.ROLLED_BACK, "tracked-releases",
                        e -> work.release(e, e.payload().release(), List.of()))
                .on(ReleaseEvents.ABORTED, "tracked-releases", e -> work.release(e, e.payload().release(), List.of()))
                .on(TaskEvents.ASSIGNED, "notifications", reactions::onTaskAssigned)
                .on(TaskEvents.MENTIONED, "notifications", reactions::onMentioned)
                .on(TaskEvents.UPDATED, "notifications", reactions::onTaskUpdated)
                .on(TaskEvents.STATUS_CHANGED, "notifications", reactions::onTaskStatusChanged)
                .on(TaskEvents.COMMENT_ADDED, "notifications", reactions::onCommentAdded)
                .on(ReleaseEvents.APPROVAL_REQUESTED, "notifications", reactions::onApprovalRequested)
                .on(ReleaseEvents.STAGE_ENTERED, "notifications", reactions::onStageEntered)
                .on(ReleaseEvents.STAGE_APPROVED, "notifications", reactions::onStageApproved)
                .on(ReleaseEvents.STAGE_REJECTED, "notifications", reactions::onStageRejected)
                .on(ReleaseEvents.COMPLETED, "notifications", reactions::onCompleted)
                .on(ReleaseEvents.ROLLED_BACK, "notifications", reactions::onRolledBack)
                .on(ReleaseEvents.ABORTED, "notifications", reactions::onAborted)
                .build();
    }
}
