package dev.gantry.search.indexing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.tasks.TaskEvents;

/**
 * Everything search-service reacts to, in one place. The membership projection comes first, so that when a
 * project's deletion reaches the indexer, the projection already knows the project is gone.
 */
@Configuration(proxyBeanMethods = false)
class IndexingEvents {

    static final String HANDLER = "search-index";

    @Bean
    EventSubscriptions eventSubscriptions(ProjectMembership membership, ProjectIndexer projects, TaskIndexer tasks,
            CommentIndexer comments) {
        return EventSubscriptions.builder()
                .include(membership.subscriptions())
                .on(ProjectEvents.CREATED, HANDLER, projects::onCreated)
                .on(ProjectEvents.UPDATED, HANDLER, projects::onUpdated)
                .on(ProjectEvents.DELETED, HANDLER, projects::onDeleted)
                .on(TaskEvents.CREATED, HANDLER, tasks::onCreated)
                .on(TaskEvents.UPDATED, HANDLER, tasks::onUpdated)
                .on(TaskEvents.DELETED, HANDLER, tasks::onDeleted)
                .on(TaskEvents.COMMENT_ADDED, HANDLER, comments::onAdded)
                .on(TaskEvents.COMMENT_EDITED, HANDLER, comments::onEdited)
                .on(TaskEvents.COMMENT_DELETED, HANDLER, comments::onDeleted)
                .build();
    }
}
