package dev.gantry.search.indexing;

import java.util.List;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import org.springframework.stereotype.Component;

import dev.gantry.events.Event;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectDeleted;
import dev.gantry.events.projects.ProjectUpdated;

/** Keeps project documents in the index from project-service's events. */
@Component
class ProjectIndexer {

    private final SearchIndex index;
    private final IndexQueue queue;

    ProjectIndexer(SearchIndex index, IndexQueue queue) {
        this.index = index;
        this.queue = queue;
    }

    void onCreated(Event<ProjectCreated> event) {
        write(event, SearchDocument.project(event.tenantId(), event.payload(), event.time()));
    }

    void onUpdated(Event<ProjectUpdated> event) {
        write(event, SearchDocument.project(event.tenantId(), event.payload(), event.time()));
    }

    /** The project becomes a tombstone, and so do its tasks and comments: nobody finds them any more. */
    void onDeleted(Event<ProjectDeleted> event) {
        var project = event.payload().projectId();
        write(event, SearchDocument.tombstone(SearchDocument.PROJECT, event.tenantId(), project, null, null,
                event.time()));
        index.tombstoneAll(event.tenantId().toString(),
                Query.of(q -> q.term(t -> t.field("projectId").value(project.toString()))), event.time());
    }

    private void write(Event<?> event, SearchDocument document) {
        queue.enqueue(List.of(SearchIndex.Write.at(document, event.aggregateVersion())), event.time());
    }
}
