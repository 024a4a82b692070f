package ke.onpoint.pay.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.merchant.KycUploads;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A KYC document larger than the container's multipart limit is refused before any controller runs (no
 * {@code @ExceptionHandler} sees it): the page shows the upload's own problem ({@link KycUploads#tooLarge}) in its
 * alert region, as {@link DashboardAdvice} shows every other problem, not the container's error page.
 */
@Component
class UploadTooLarge implements HandlerExceptionResolver, Ordered {

    private final DashboardAdvice advice;
    private final KycUploads uploads;

    UploadTooLarge(DashboardAdvice advice, KycUploads uploads) {
        this.advice = advice;
        this.uploads = uploads;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception exception) {
        if (!(exception instanceof MaxUploadSizeExceededException)
                || !request.getRequestURI().equals(ComplianceController.UPLOAD)) {
            return null;
        }
        ExtendedModelMap model = new ExtendedModelMap();
        String view = advice.problem(uploads.tooLarge(), request, response, model);
        return new ModelAndView(view, model);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
