package io.stackgate.verify.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class MissingTopologyTest {
    @Test
    void aMissingTopologyFileIsAConfigurationErrorThatNamesTheFile() {
        try {
            StackExtension.load("examples/nope.yaml");
        } catch (ExtensionConfigurationException e) {
            assertThat(e).hasMessageContaining("examples/nope.yaml not found");
            return;
        }
        throw new AssertionError("expected an ExtensionConfigurationException");
    }

    @Test
    void examplesAreFoundFromAnyModuleDirectory() {
        assertThat(StackExtension.resolve("examples/seed-2az.yaml")).isPresent();
    }
}
