package dev.gantry.search.indexing;

import java.util.List;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import org.springframework.stereotype.Component;

import dev.gantry.events.Event;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskUpdated;

/** Keeps task documents in the index from task-service's events; {@code updated} carries the full state. */
@Component
class TaskIndexer {

    private final SearchIndex index;
    private final IndexQueue queue;
    private final DeletedProjects deletedProjects;

    TaskIndexer(SearchIndex index, IndexQueue queue, DeletedProjects deletedProjects) {
        this.index = index;
        this.queue = queue;
        this.deletedProjects = deletedProjects;
    }

    void onCreated(Event<TaskCreated> event) {
        upsert(event, event.payload().task());
    }

    void onUpdated(Event<TaskUpdated> event) {
        upsert(event, event.payload().task());
    }

    /** The task becomes a tombstone and its comments with it. */
    void onDeleted(Event<TaskDeleted> event) {
        TaskDeleted task = event.payload();
        queue.enqueue(List.of(SearchIndex.Write.at(SearchDocument.tombstone(SearchDocument.TASK, event.tenantId(),
                task.projectId(), task.taskId(), null, event.time()), event.aggregateVersion())), event.time());
        index.tombstoneAll(event.tenantId().toString(), Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("type").value(SearchDocument.COMMENT)))
                .filter(f -> f.term(t -> t.field("taskId").value(task.taskId().toString()))))), event.time());
    }

    private void upsert(Event<?> event, TaskState task) {
        SearchDocument document = SearchDocument.task(event.tenantId(), task);
        // a task event that arrives after its project's deletion must not bring the task back
        if (deletedProjects.contains(task.projectId())) {
            document = document.asTombstone(event.time());
        }
        queue.enqueue(List.of(SearchIndex.Write.at(document, event.aggregateVersion())), event.time());
    }
}
