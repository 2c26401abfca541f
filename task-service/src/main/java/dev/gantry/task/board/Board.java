package dev.gantry.task.board;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.task.task.Priority;
import dev.gantry.task.workflow.Workflow;

/**
 * A project's kanban board (看板): one column per workflow status with its WIP limit (在制品限制), cards in rank order,
 * grouped into swimlanes (泳道) by assignee or priority, or one lane {@code all}.
 */
public record Board(List<Column> columns, List<Lane> lanes) {

    /** A column; {@code count} is every card in it, {@code overLimit} when it holds more than its WIP limit. */
    public record Column(String status, String name, StatusCategory category, Integer wipLimit,
            Workflow.WipPolicy wipPolicy, int count, boolean overLimit) {
    }

    /** A swimlane: its key (an assignee id, {@code none}, a priority, or {@code all}) and its cards by status. */
    public record Lane(String key, Map<String, List<Card>> cards) {
    }

    public record Card(UUID id, String key, String title, TaskType type, Priority priority, UUID assigneeId,
            String status, String rank, long version) {
    }
}
