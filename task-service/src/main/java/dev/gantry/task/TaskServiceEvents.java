package dev.gantry.task;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.task.links.ProjectLinks;

/** Everything task-service reacts to, in one place. */
@Configuration(proxyBeanMethods = false)
class TaskServiceEvents {

    @Bean
    EventSubscriptions eventSubscriptions(ProjectMembership membership, ProjectLinks links) {
        return EventSubscriptions.builder()
                .include(membership.subscriptions())
                .include(links.subscriptions())
                .build();
    }
}
