package workday

import (
	"testing"
	"time"

	"gongkai/internal/civil"
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Expected values are the State Council's published arrangements.
func TestIsWorkday(t *testing.T) {
	c := Builtin()
	tests := []struct {
		day        string
		work, prov bool
	}{
		{"2024-02-04", true, false},  // Sunday, 春节调休
		{"2024-02-12", false, false}, // 春节
		{"2024-09-14", true, false},  // Saturday, 中秋调休
		{"2024-09-16", false, false}, // 中秋
		{"2024-09-29", true, false},  // Sunday, 国庆调休
		{"2024-10-07", false, false}, // 国庆
		{"2024-10-08", true, false},
		{"2024-10-12", true, false}, // Saturday, 国庆调休
		{"2025-01-01", false, false},
		{"2025-01-26", true, false}, // Sunday, 春节调休
		{"2025-01-28", false, false},
		{"2025-02-04", false, false},
		{"2025-02-05", true, false},
		{"2025-02-08", true, false}, // Saturday, 春节调休
		{"2025-02-09", false, false},
		{"2025-04-04", false, false}, // 清明
		{"2025-04-27", true, false},  // Sunday, 劳动节调休
		{"2025-05-05", false, false},
		{"2025-05-31", false, false},
		{"2025-06-02", false, false}, // 端午
		{"2025-09-28", true, false},  // Sunday, 国庆调休
		{"2025-10-01", false, false},
		{"2025-10-08", false, false},
		{"2025-10-09", true, false},
		{"2025-10-11", true, false}, // Saturday, 国庆调休
		{"2025-10-12", false, false},
		{"2026-01-02", false, false}, // 元旦
		{"2026-01-04", true, false},  // Sunday, 元旦调休
		{"2026-02-14", true, false},  // Saturday, 春节调休
		{"2026-02-23", false, false}, // 春节 (Monday)
		{"2026-02-24", true, false},
		{"2026-02-28", true, false}, // Saturday, 春节调休
		{"2026-05-09", true, false}, // Saturday, 劳动节调休
		{"2026-09-20", true, false}, // Sunday, 国庆调休
		{"2026-09-25", false, false},
		{"2026-10-07", false, false},
		{"2026-10-10", true, false}, // Saturday, 国庆调休
		{"2026-11-25", true, false},
		{"2028-01-03", true, true}, // unknown year: weekdays only
		{"2028-01-01", false, true},
		{"2028-10-02", true, true},
	}
	for _, tt := range tests {
		w, p := c.IsWorkday(day(tt.day))
		if w != tt.work || p != tt.prov {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v, %v", tt.day, w, p, tt.work, tt.prov)
		}
	}
}

func TestAddBetween(t *testing.T) {
	c := Builtin()
	tests := []struct {
		from string
		n    int
		to   string
		prov bool
	}{
		{"2025-09-19", 20, "2025-10-23", false},
		{"2025-09-30", 1, "2025-10-09", false},
		{"2025-01-24", 1, "2025-01-26", false},
		{"2025-01-27", 1, "2025-02-05", false},
		{"2025-02-07", 1, "2025-02-08", false},
		{"2024-09-13", 1, "2024-09-14", false},
		{"2024-09-10", 20, "2024-10-14", false},
		{"2026-02-09", 20, "2026-03-13", false},
		{"2026-09-18", 20, "2026-10-22", false},
		{"2026-12-15", 20, "2027-01-12", true},
		{"2025-03-03", 0, "2025-03-03", false},
		{"2027-12-31", 2, "2028-01-04", true},
	}
	for _, tt := range tests {
		got, prov := c.Add(day(tt.from), tt.n)
		if got != day(tt.to) || prov != tt.prov {
			t.Errorf("Add(%s, %d) = %s, %v; want %s, %v", tt.from, tt.n, got, prov, tt.to, tt.prov)
		}
		n, prov := c.Between(day(tt.from), day(tt.to))
		if n != tt.n || prov != tt.prov {
			t.Errorf("Between(%s, %s) = %d, %v; want %d, %v", tt.from, tt.to, n, prov, tt.n, tt.prov)
		}
	}
	if n, _ := c.Between(day("2025-03-10"), day("2025-03-03")); n != 0 {
		t.Errorf("Between backwards = %d", n)
	}
	if n := c.WorkdaysBetween(day("2025-09-30"), day("2025-10-09")); n != 1 {
		t.Errorf("WorkdaysBetween = %d", n)
	}
}

func TestNewOverrides(t *testing.T) {
	c := New([]Override{
		{Day: day("2028-01-01"), Work: false, Note: "元旦"},
		{Day: day("2028-01-03"), Work: false, Note: "元旦"},
		{Day: day("2028-01-08"), Work: true, Note: "调休"},
		{Day: day("2025-10-09"), Work: false, Note: "更正"},
	}, []int{2028})
	tests := []struct {
		day        string
		work, prov bool
	}{
		{"2028-01-03", false, false},
		{"2028-01-04", true, false},
		{"2028-01-08", true, false},
		{"2028-01-09", false, false},
		{"2025-10-09", false, false},
		{"2025-10-10", true, false},
		{"2029-01-01", true, true},
	}
	for _, tt := range tests {
		w, p := c.IsWorkday(day(tt.day))
		if w != tt.work || p != tt.prov {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v, %v", tt.day, w, p, tt.work, tt.prov)
		}
	}
	// Builtin stays untouched.
	if w, _ := Builtin().IsWorkday(day("2025-10-09")); !w {
		t.Error("New changed the built-in calendar")
	}
	if c.Note(day("2028-01-08")) != "调休" || Builtin().Note(day("2025-10-01")) == "" {
		t.Error("notes")
	}
	ys := Builtin().KnownYears()
	if ys[len(ys)-1] != 2026 {
		t.Errorf("built-in years end at %d, want 2026", ys[len(ys)-1])
	}
}

func TestParse(t *testing.T) {
	os, err := Parse(2027, "# 2027 年安排\n2027-01-01 休 元旦\n\n2027-02-07,班,春节 调休\n2027-02-08\t放假\n2027-02-20，上班\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Override{
		{Day: day("2027-01-01"), Work: false, Note: "元旦"},
		{Day: day("2027-02-07"), Work: true, Note: "春节 调休"},
		{Day: day("2027-02-08"), Work: false},
		{Day: day("2027-02-20"), Work: true},
	}
	if len(os) != len(want) {
		t.Fatalf("got %+v", os)
	}
	for i := range want {
		if os[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, os[i], want[i])
		}
	}
}

// TestBuiltinOfficial compares every day of 2024–2026 in lunar-go's data
// with the State Council's notices, typed here by hand (国办发明电〔2023〕7号,
// 〔2024〕12号, 〔2025〕7号): the days off that fall on weekdays or weekends,
// and the weekend days that are worked (调休).
func TestBuiltinOfficial(t *testing.T) {
	off := [][2]string{
		{"2024-01-01", "2024-01-01"}, {"2024-02-10", "2024-02-17"}, {"2024-04-04", "2024-04-06"},
		{"2024-05-01", "2024-05-05"}, {"2024-06-10", "2024-06-10"}, {"2024-09-15", "2024-09-17"},
		{"2024-10-01", "2024-10-07"},
		{"2025-01-01", "2025-01-01"}, {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-06"},
		{"2025-05-01", "2025-05-05"}, {"2025-05-31", "2025-06-02"}, {"2025-10-01", "2025-10-08"},
		{"2026-01-01", "2026-01-03"}, {"2026-02-15", "2026-02-23"}, {"2026-04-04", "2026-04-06"},
		{"2026-05-01", "2026-05-05"}, {"2026-06-19", "2026-06-21"}, {"2026-09-25", "2026-09-27"},
		{"2026-10-01", "2026-10-07"},
	}
	worked := []string{
		"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
		"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
		"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
	}
	isOff := map[civil.Date]bool{}
	for _, r := range off {
		for d := day(r[0]); !d.After(day(r[1])); d = d.AddDays(1) {
			isOff[d] = true
		}
	}
	isWorked := map[civil.Date]bool{}
	for _, s := range worked {
		isWorked[day(s)] = true
	}
	c := Builtin()
	n := 0
	for d := day("2024-01-01"); !d.After(day("2026-12-31")); d = d.AddDays(1) {
		wd := d.Weekday()
		want := isWorked[d] || (!isOff[d] && wd != time.Saturday && wd != time.Sunday)
		got, prov := c.IsWorkday(d)
		if got != want || prov {
			t.Errorf("%s (%s): work %v provisional %v, want work %v", d, wd, got, prov, want)
		}
		if want {
			n++
		}
	}
	// Counted by hand: 2024 has 262 weekdays, 19 of them off, 8 weekend
	// days worked: 251; 2025: 261 - 18 + 5 = 248; 2026: 261 - 19 + 6 = 248.
	if n != 251+248+248 {
		t.Errorf("%d working days in 2024–2026", n)
	}
	for _, y := range []int{2024, 2025, 2026} {
		if !c.Known(y) {
			t.Errorf("%d not known", y)
		}
	}
	if c.Known(2027) {
		t.Error("2027 should have no known arrangement")
	}
}
