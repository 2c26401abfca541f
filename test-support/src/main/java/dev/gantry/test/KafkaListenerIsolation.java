package dev.gantry.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.util.ClassUtils;

/**
 * Spring caches test contexts, and a cached context's Kafka listeners would keep consuming (and applying effects)
 * while another test class runs, taking partitions from the context in use. Before each test class this stops the
 * listener containers of every other live Gantry test context and starts those of the context about to be used.
 */
public class KafkaListenerIsolation extends AbstractTestExecutionListener {

    private static final String REGISTRY = "org.springframework.kafka.config.KafkaListenerEndpointRegistry";
    private static final Set<ConfigurableApplicationContext> CONTEXTS = ConcurrentHashMap.newKeySet();

    static void register(ConfigurableApplicationContext context) {
        CONTEXTS.add(context);
    }

    @Override
    public int getOrder() {
        return 1500;
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        if (!ClassUtils.isPresent(REGISTRY, getClass().getClassLoader()) || !testContext.hasApplicationContext()) {
            return;
        }
        activate(testContext.getApplicationContext());
    }

    @Override
    public void prepareTestInstance(TestContext testContext) {
        if (ClassUtils.isPresent(REGISTRY, getClass().getClassLoader())) {
            activate(testContext.getApplicationContext());
        }
    }

    private static void activate(ApplicationContext current) {
        CONTEXTS.removeIf(context -> !context.isActive());
        for (ConfigurableApplicationContext context : CONTEXTS) {
            if (context != current) {
                listeners(context).forEach(listener -> {
                    if (listener.isRunning()) {
                        listener.stop();
                    }
                });
            }
        }
        listeners(current).forEach(listener -> {
            if (!listener.isRunning()) {
                listener.start();
            }
        });
    }

    /** The @KafkaListener registry and the containers declared as beans (such as common-lib's event consumer). */
    private static java.util.List<org.springframework.context.Lifecycle> listeners(ApplicationContext context) {
        java.util.List<org.springframework.context.Lifecycle> listeners = new java.util.ArrayList<>();
        listeners.addAll(context.getBeansOfType(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
                .values());
        listeners.addAll(context.getBeansOfType(org.springframework.kafka.listener.MessageListenerContainer.class)
                .values());
        return listeners;
    }
}
