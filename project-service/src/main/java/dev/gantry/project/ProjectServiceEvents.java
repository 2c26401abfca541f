package dev.gantry.project;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.project.linkedtasks.LinkedTaskSubscriptions;
import dev.gantry.project.linkedtasks.LinkedTasks;

/** Everything project-service reacts to, in one place: task-service's task events, for stage gates. */
@Configuration(proxyBeanMethods = false)
class ProjectServiceEvents {

    @Bean
    EventSubscriptions eventSubscriptions(LinkedTasks linkedTasks) {
        return EventSubscriptions.builder()
                .include(LinkedTaskSubscriptions.of(linkedTasks))
                .build();
    }
}
