package dev.gantry.notification.rule;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.UsersMentioned;

/**
 * Who gets told what. Nobody is told about their own action; each rule names the people its kind of event concerns.
 * Plain Java: the event handlers feed it what the event and the projections know.
 */
public final class Audiences {

    /** Fields whose change has an event of its own (assignment, transition) or that nobody wants to hear about. */
    private static final Set<String> NOT_WORTH_A_CHANGE_NOTICE = Set.of("assigneeId", "status", "statusCategory",
            "updatedAt", "createdAt", "remainingMinutes", "customFields", "labels", "watcherIds");

    private Audiences() {
    }

    /** The new assignee, when someone else assigned them. */
    public static Set<UUID> onAssignment(TaskAssigned assigned, UUID actor) {
        return without(listOf(assigned.task().assigneeId()), actor);
    }

    /** The users a comment newly mentions, except its author. */
    public static Set<UUID> onMention(UsersMentioned mentioned, UUID actor) {
        Set<UUID> people = without(mentioned.mentionedUserIds(), actor);
        people.remove(mentioned.authorId());
        return people;
    }

    /** The watchers of a task whose fields changed in a way worth telling; nobody if only the rest changed. */
    public static Set<UUID> onChange(TaskState task, List<String> changedFields, UUID actor) {
        if (significantChanges(changedFields).isEmpty()) {
            return new LinkedHashSet<>();
        }
        return without(task.watcherIds(), actor);
    }

    /** The watchers (and the assignee) of a task whose status moved. */
    public static Set<UUID> onTransition(TaskState task, UUID actor) {
        Set<UUID> people = new LinkedHashSet<>(task.watcherIds());
        if (task.assigneeId() != null) {
            people.add(task.assigneeId());
        }
        return without(people, actor);
    }

    /**
     * The task's watchers and assignee, except the author and those the comment mentions (they get a mention notice
     * for the same comment instead of two).
     */
    public static Set<UUID> onComment(CommentState comment, UUID assignee, List<UUID> watchers, UUID actor) {
        Set<UUID> people = new LinkedHashSet<>(watchers);
        if (assignee != null) {
            people.add(assignee);
        }
        people.remove(comment.authorId());
        comment.mentionedUserIds().forEach(people::remove);
        return without(people, actor);
    }

    /** The approvers asked to decide, except the one who asked. */
    public static Set<UUID> onApprovalRequest(List<UUID> approverIds, UUID requestedBy, UUID actor) {
        Set<UUID> people = without(approverIds, actor);
        people.remove(requestedBy);
        return people;
    }

    /** Release participants: the project's members and the release's approvers, except the one who acted. */
    public static Set<UUID> releaseParticipants(Collection<UUID> projectMembers, Collection<UUID> approvers,
            UUID actor) {
        Set<UUID> people = new LinkedHashSet<>(projectMembers);
        people.addAll(approvers);
        return without(people, actor);
    }

    /** The changed fields that make a "task changed" notice, in their event names. */
    public static List<String> significantChanges(List<String> changedFields) {
        return changedFields.stream().filter(f -> !NOT_WORTH_A_CHANGE_NOTICE.contains(f)).toList();
    }

    private static List<UUID> listOf(UUID id) {
        return id == null ? List.of() : List.of(id);
    }

    private static Set<UUID> without(Collection<UUID> people, UUID actor) {
        Set<UUID> result = new LinkedHashSet<>();
        people.stream().filter(Objects::nonNull).forEach(result::add);
        if (actor != null) {
            result.remove(actor);
        }
        return result;
    }
}
