package dev.gantry.search.indexing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.events.projects.ProjectEvents;

/** What search-service reacts to. */
@Configuration(proxyBeanMethods = false)
class IndexingEvents {

    @Bean
    EventSubscriptions eventSubscriptions(ProjectIndexer projects) {
        return EventSubscriptions.builder()
                .on(ProjectEvents.CREATED, "search-index", projects::onCreated)
                .build();
    }
}
