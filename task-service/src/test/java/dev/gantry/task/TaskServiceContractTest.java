package dev.gantry.task;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.ServiceContract;

@GantryIntegrationTest
class TaskServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/v1/tasks";
    }

    @Override
    protected String serviceName() {
        return "task-service";
    }
}
