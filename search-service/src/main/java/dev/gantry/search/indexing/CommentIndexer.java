package dev.gantry.search.indexing;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.gantry.events.Event;
import dev.gantry.events.tasks.CommentAdded;
import dev.gantry.events.tasks.CommentDeleted;
import dev.gantry.events.tasks.CommentEdited;
import dev.gantry.events.tasks.CommentState;

/** Keeps comment documents in the index from task-service's events; the aggregate is the comment. */
@Component
class CommentIndexer {

    private final SearchIndex index;
    private final IndexQueue queue;
    private final DeletedProjects deletedProjects;

    CommentIndexer(SearchIndex index, IndexQueue queue, DeletedProjects deletedProjects) {
        this.index = index;
        this.queue = queue;
        this.deletedProjects = deletedProjects;
    }

    void onAdded(Event<CommentAdded> event) {
        upsert(event, event.payload().comment());
    }

    void onEdited(Event<CommentEdited> event) {
        upsert(event, event.payload().comment());
    }

    void onDeleted(Event<CommentDeleted> event) {
        CommentDeleted comment = event.payload();
        queue.enqueue(List.of(SearchIndex.Write.at(SearchDocument.tombstone(SearchDocument.COMMENT, event.tenantId(),
                comment.projectId(), comment.taskId(), comment.commentId(), event.time()), event.aggregateVersion())),
                event.time());
    }

    private void upsert(Event<?> event, CommentState comment) {
        SearchDocument document = SearchDocument.comment(event.tenantId(), comment);
        // a comment event arriving after its task or project was deleted must not bring the comment back
        if (deletedProjects.contains(comment.projectId()) || taskDeleted(event, comment)) {
            document = document.asTombstone(event.time());
        }
        queue.enqueue(List.of(SearchIndex.Write.at(document, event.aggregateVersion())), event.time());
    }

    /** The task's tombstone is in the index, or still waiting in the queue to get there. */
    private boolean taskDeleted(Event<?> event, CommentState comment) {
        return queue.hasPendingTaskTombstone(comment.taskId())
                || index.get(SearchDocument.taskDocumentId(comment.taskId()), event.tenantId().toString())
                        .map(task -> task.document().deleted()).orElse(false);
    }
}
