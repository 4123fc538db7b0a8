package lint

import (
	"fmt"

	"handover/internal/config"
)

// ConfigFrom is the [lint] section of cfg, checked: an unknown rule is
// reported at its file:line, an unknown level or a negative age with the
// file's name. The daemon and `handover lint` both read it here.
func ConfigFrom(cfg *config.Config) (Config, error) {
	c := Config{Levels: cfg.Lint.Levels, SOPMaxAge: cfg.Lint.SOPMaxAge, OwnerMaxIdle: cfg.Lint.OwnerMaxIdle}
	if err := cfg.CheckLintRules(KnownRule); err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%s: [lint]: %w", cfg.Path, err)
	}
	return c, nil
}
