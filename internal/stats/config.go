package stats

import (
	"fmt"
	"os"

	"handover/internal/config"
)

// OptionsFrom is what the [stats] and [internal-hours] sections of cfg say:
// the team size, the practices, and the internal hours, with the CSV file
// [stats] internal-hours names read. By, Since and Until are left for each
// request. Errors name the file at fault.
func OptionsFrom(cfg *config.Config) (Options, error) {
	st := cfg.Stats
	opt := Options{TeamSize: st.TeamSize}
	for _, p := range st.Practices {
		opt.Practices = append(opt.Practices, Practice{Date: p.Date, Label: p.Label})
	}
	if st.InternalHoursFile != "" {
		f, err := os.Open(st.InternalHoursFile)
		if err != nil {
			return opt, fmt.Errorf("%s: [stats] internal-hours: %w", cfg.Path, err)
		}
		hours, err := ReadInternalHoursCSV(f)
		f.Close()
		if err != nil {
			return opt, fmt.Errorf("%s: %w", st.InternalHoursFile, err)
		}
		opt.Internal = hours
	}
	for _, h := range st.InternalHours {
		opt.Internal = append(opt.Internal, InternalHours{Period: h.Period, Hours: h.Hours})
	}
	return opt, nil
}
