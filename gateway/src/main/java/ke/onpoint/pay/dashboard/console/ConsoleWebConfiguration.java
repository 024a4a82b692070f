package ke.onpoint.pay.dashboard.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ConsoleAccess} in front of every console path. */
@Configuration
class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final ConsoleAccess access;

    ConsoleWebConfiguration(ConsoleAccess access) {
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(access).addPathPatterns("/dashboard/console", "/dashboard/console/**");
    }
}
