package ke.onpoint.pay.api;

import java.util.List;
import java.util.concurrent.Executor;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A bulkhead between reads and provider calls. Camel's platform-http runs every API route on a worker pool; routes
 * that wait on a provider (initiate, refund, status, the card webhooks that verify) get a pool of their own, so a
 * slow Daraja or card processor fills that pool while reads such as {@code GET /payments/transactions} keep theirs.
 *
 * <p>On Java 21+ with {@code spring.threads.virtual.enabled} (the default), both run on virtual threads: a request
 * waiting on Safaricom parks its virtual thread and holds no platform thread, so there is no pool to fill or to size;
 * what bounds the calls in flight is the provider HTTP client's connection pool ({@code PROVIDER_MAX_CONNECTIONS}).
 */
@Configuration
public class ApiBulkhead {

    /** Replaces the starter's engine (it is {@code @ConditionalOnMissingBean}; Camel finds it by this name). */
    @Bean("platform-http-engine")
    PlatformHttpEngine springBootPlatformHttpEngine(
            @Value("${server.port:8080}") int port,
            @Qualifier("applicationTaskExecutor") Executor reads,
            @Value("${onpoint.api.provider-threads}") int providerThreads,
            @Value("${onpoint.api.provider-paths}") List<String> providerPaths,
            Environment environment) {
        return new Engine(
                port,
                reads,
                Threading.VIRTUAL.isActive(environment) ? virtualThreads() : platformThreads(providerThreads),
                providerPaths.stream().map(String::trim).toList());
    }

    private static Executor virtualThreads() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("provider-call-");
        executor.setVirtualThreads(true);
        return executor;
    }

    // not a bean: an Executor bean would replace Spring Boot's applicationTaskExecutor, which reads use
    private static Executor platformThreads(int threads) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(threads);
        pool.setMaxPoolSize(threads);
        pool.setQueueCapacity(10_000);
        pool.setAllowCoreThreadTimeOut(true);
        pool.setThreadNamePrefix("provider-call-");
        pool.initialize();
        return pool;
    }

    static final class Engine extends SpringBootPlatformHttpEngine implements DisposableBean {

        private final Executor providerCalls;
        private final List<String> providerPaths;

        Engine(int port, Executor reads, Executor providerCalls, List<String> providerPaths) {
            super(port, reads);
            this.providerCalls = providerCalls;
            this.providerPaths = providerPaths;
        }

        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            return callsProviders(endpoint.getPath())
                    ? new SpringBootPlatformHttpConsumer(endpoint, processor, providerCalls)
                    : super.createConsumer(endpoint, processor);
        }

        boolean callsProviders(String path) {
            String normalised = path == null ? "" : path.replaceAll("/+$", "");
            return providerPaths.stream().anyMatch(normalised::endsWith);
        }

        @Override
        public void destroy() {
            if (providerCalls instanceof ThreadPoolTaskExecutor pool) {
                pool.shutdown();
            }
        }
    }
}
