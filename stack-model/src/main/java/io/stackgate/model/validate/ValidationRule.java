package io.stackgate.model.validate;

import io.stackgate.model.Topology;
import java.util.List;

/**
 * One validation rule. Teams add their own by implementing this interface and listing the class in
 * {@code META-INF/services/io.stackgate.model.validate.ValidationRule}; the {@link Validator} reports
 * their findings like the built-in ones.
 */
public interface ValidationRule {
    /** The findings of this rule for {@code topology}; empty when it has nothing to say. */
    List<Finding> check(Topology topology);
}
