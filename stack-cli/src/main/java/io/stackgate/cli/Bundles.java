package io.stackgate.cli;

import io.stackgate.ansible.AnsibleInputs;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Renderer;
import io.stackgate.terraform.TfvarsGenerator;

/** Composes the full bundle of DESIGN.md from the parts each module renders. */
final class Bundles {
    private Bundles() {
    }

    static Bundle render(Topology topology) {
        return new Renderer().render(topology)
                .plus(new TfvarsGenerator().render(topology))
                .plus(new AnsibleInputs().render(topology));
    }
}
