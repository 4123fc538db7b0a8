package stats

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadInternalHoursCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []InternalHours
		wantErr string
	}{{
		name: "header, note quoted with a comma, date row",
		in:   "period,hours,note\n2025-03,12.5,\"SOPs, planning\"\n2025-03-14,2,demo\n",
		want: []InternalHours{{Period: "2025-03", Hours: 12.5, Note: "SOPs, planning"}, {Period: "2025-03-14", Hours: 2, Note: "demo"}},
	}, {
		name: "no header, no notes, quarter, blank line and comment",
		in:   "2025-Q1, 30\n\n# April was a holiday\n2025-q2,0\n",
		want: []InternalHours{{Period: "2025-Q1", Hours: 30}, {Period: "2025-q2", Hours: 0}},
	}, {
		name: "empty",
		in:   "",
	}, {
		name:    "bad number",
		in:      "period,hours\n2025-01,8\n2025-02,ten\n",
		wantErr: `line 3: hours "ten": not a number`,
	}, {
		name:    "negative",
		in:      "2025-01,-8\n",
		wantErr: `line 1: hours "-8": negative`,
	}, {
		name:    "bad period",
		in:      "period,hours\n\n2025-13,8\n",
		wantErr: `line 3: period "2025-13": want YYYY-MM, YYYY-Qn or YYYY-MM-DD`,
	}, {
		name:    "bad quarter",
		in:      "2025-Q5,8\n",
		wantErr: `line 1: period "2025-Q5"`,
	}, {
		name:    "header not on the first line",
		in:      "2025-01,8\nperiod,hours\n",
		wantErr: `line 2: period "period"`,
	}, {
		name:    "missing hours",
		in:      "2025-01,8\n2025-02\n",
		wantErr: "line 2: 1 fields, want period,hours[,note]",
	}, {
		name:    "broken quoting",
		in:      "2025-01,8,\"note\n",
		wantErr: "line 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadInternalHoursCSV(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
