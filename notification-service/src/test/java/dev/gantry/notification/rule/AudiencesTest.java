package dev.gantry.notification.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.events.tasks.UsersMentioned;

class AudiencesTest {

    final UUID alice = UUID.randomUUID();
    final UUID bob = UUID.randomUUID();
    final UUID carol = UUID.randomUUID();
    final UUID dave = UUID.randomUUID();

    @Test
    void tellsTheNewAssigneeUnlessTheyAssignedThemselves() {
        assertThat(Audiences.onAssignment(new TaskAssigned(task(bob, List.of()), null), alice)).containsExactly(bob);
        assertThat(Audiences.onAssignment(new TaskAssigned(task(bob, List.of()), null), bob)).isEmpty();
        assertThat(Audiences.onAssignment(new TaskAssigned(task(null, List.of()), bob), alice)).isEmpty();
    }

    @Test
    void tellsMentionedUsersButNotTheAuthor() {
        UsersMentioned mention = new UsersMentioned(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "K-1",
                "t", alice, List.of(alice, bob, carol), "hi");
        assertThat(Audiences.onMention(mention, null)).containsExactly(bob, carol);
    }

    @Test
    void watchersHearOfSignificantChangesOnly() {
        TaskState task = task(bob, List.of(carol, dave));
        assertThat(Audiences.onChange(task, List.of("title", "updatedAt"), carol)).containsExactly(dave);
        assertThat(Audiences.onChange(task, List.of("assigneeId", "updatedAt"), null)).isEmpty();
        assertThat(Audiences.significantChanges(List.of("dueDate", "status", "priority")))
                .containsExactly("dueDate", "priority");
    }

    @Test
    void aTransitionReachesWatchersAndTheAssignee() {
        assertThat(Audiences.onTransition(task(bob, List.of(carol)), carol)).containsExactly(bob);
    }

    @Test
    void aCommentReachesWatchersAndAssigneeExceptItsAuthorAndWhoItMentions() {
        CommentState comment = new CommentState(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "K-1", bob,
                "@carol", List.of(carol), Instant.now(), null);
        assertThat(Audiences.onComment(comment, alice, List.of(bob, carol, dave), bob))
                .containsExactlyInAnyOrder(alice, dave);
        assertThat(Audiences.onComment(comment, null, List.of(), null)).isEmpty();
    }

    @Test
    void approversAreAskedExceptTheRequesterAndParticipantsAreMembersAndApprovers() {
        assertThat(Audiences.onApprovalRequest(List.of(alice, bob, carol), alice, null)).containsExactly(bob, carol);
        assertThat(Audiences.releaseParticipants(List.of(alice, bob), List.of(bob, dave), alice))
                .containsExactlyInAnyOrder(bob, dave);
    }

    private static TaskState task(UUID assignee, List<UUID> watchers) {
        return new TaskState(UUID.randomUUID(), UUID.randomUUID(), "K-1", "t", "", TaskType.TASK, "Open",
                StatusCategory.TODO, "MEDIUM", assignee, null, watchers, List.of(), null, null, null, null, null, null,
                null, null, null, Instant.now(), Instant.now());
    }
}
