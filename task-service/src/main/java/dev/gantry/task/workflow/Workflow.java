package dev.gantry.task.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.gantry.events.tasks.StatusCategory;

/**
 * A project's workflow: its statuses in board order and the transitions allowed between them. Plain rules, no Spring.
 *
 * @param version the workflow's version (its ETag)
 */
public record Workflow(List<Status> statuses, Set<Transition> transitions, long version) {

    /** A status (e.g. {@code IN_REVIEW}) with a display name, its category and the board column's WIP limit. */
    public record Status(String status, String name, StatusCategory category, Integer wipLimit, WipPolicy wipPolicy) {
    }

    /** A move from one status to another that the workflow allows. */
    public record Transition(String from, String to) {
    }

    /** What a board does when a column is at its WIP limit: warn in the answer, or refuse the move. */
    public enum WipPolicy {
        WARN, ENFORCE
    }

    public Workflow {
        statuses = List.copyOf(statuses);
        transitions = Set.copyOf(transitions);
    }

    /** The workflow a project starts with: to do → in progress ⇄ in review → done, and back to work from done. */
    public static Workflow defaults() {
        List<Status> statuses = List.of(
                new Status("TODO", "To do", StatusCategory.TODO, null, WipPolicy.WARN),
                new Status("IN_PROGRESS", "In progress", StatusCategory.IN_PROGRESS, null, WipPolicy.WARN),
                new Status("IN_REVIEW", "In review", StatusCategory.IN_PROGRESS, null, WipPolicy.WARN),
                new Status("DONE", "Done", StatusCategory.DONE, null, WipPolicy.WARN));
        Set<Transition> transitions = Set.of(
                new Transition("TODO", "IN_PROGRESS"),
                new Transition("IN_PROGRESS", "TODO"),
                new Transition("IN_PROGRESS", "IN_REVIEW"),
                new Transition("IN_REVIEW", "IN_PROGRESS"),
                new Transition("IN_REVIEW", "DONE"),
                new Transition("DONE", "IN_PROGRESS"));
        return new Workflow(statuses, transitions, 1);
    }

    /** The status a new task starts in: the first one. */
    public Status initial() {
        return statuses.getFirst();
    }

    public Optional<Status> status(String status) {
        return statuses.stream().filter(s -> s.status().equals(status)).findFirst();
    }

    public boolean allows(String from, String to) {
        return from.equals(to) || transitions.contains(new Transition(from, to));
    }

    /** The statuses a task in {@code from} may move to, in board order. */
    public List<String> allowedFrom(String from) {
        return statuses.stream().map(Status::status).filter(to -> transitions.contains(new Transition(from, to)))
                .toList();
    }

    /** What is wrong with this workflow as a definition; empty when it is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (statuses.isEmpty()) {
            problems.add("a workflow needs at least one status");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Status status : statuses) {
            if (!names.add(status.status())) {
                problems.add("status " + status.status() + " appears twice");
            }
        }
        for (Transition transition : transitions) {
            if (!names.contains(transition.from()) || !names.contains(transition.to())) {
                problems.add("transition " + transition.from() + " → " + transition.to() + " names an unknown status");
            }
            if (transition.from().equals(transition.to())) {
                problems.add("transition " + transition.from() + " → " + transition.to() + " goes nowhere");
            }
        }
        if (statuses.stream().noneMatch(s -> s.category() == StatusCategory.DONE)) {
            problems.add("a workflow needs a status in category DONE");
        }
        return problems;
    }
}
