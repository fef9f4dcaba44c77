package request_test

import (
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// fuzzEvents turns bytes into a plausible sequence of clock events from a
// receipt in 2024–2026.
func fuzzEvents(data []byte) []request.ClockEvent {
	if len(data) < 2 {
		return nil
	}
	start := civil.D(2024, 1, 1).AddDays(int(data[0]) * 4)
	evs := []request.ClockEvent{{Kind: request.EventReceived, On: start}}
	on := start
	var id int64
	for _, b := range data[1:] {
		on = on.AddDays(int(b>>3) % 10)
		switch b & 7 {
		case 0, 1:
			id++
			evs = append(evs, request.ClockEvent{ID: id, Kind: request.EventConsultationSent, On: on})
		case 2:
			if id > 0 {
				evs = append(evs, request.ClockEvent{Kind: request.EventConsultationAnswered, On: on, Ref: id})
			}
		case 3:
			evs = append(evs, request.ClockEvent{Kind: request.EventExtension, On: on, Days: int(b>>3)%20 + 1})
		case 4:
			evs = append(evs, request.ClockEvent{Kind: request.EventFeeNotified, On: on})
		case 5:
			evs = append(evs, request.ClockEvent{Kind: request.EventFeePaid, On: on})
		case 6:
			evs = append(evs, request.ClockEvent{Kind: request.EventCorrectionRequested, On: on, Deadline: on.AddDays(15)})
		case 7:
			evs = append(evs, request.ClockEvent{Kind: request.EventCorrectionReceived, On: on})
		}
	}
	return evs
}

func FuzzClock(f *testing.F) {
	f.Add([]byte{10, 8, 18, 3, 4, 5}, uint8(3))
	f.Add([]byte{200, 6, 7, 0, 2, 3}, uint8(8))
	f.Add([]byte{60, 0, 1, 9, 10, 11}, uint8(41))
	cal := workday.Builtin()
	f.Fuzz(func(t *testing.T, data []byte, extra uint8) {
		evs := fuzzEvents(data)
		if evs == nil {
			return
		}
		today := evs[len(evs)-1].On.AddDays(3)
		c := request.Compute(cal, request.ClockRules{}, evs, today)
		if c.Due.IsZero() {
			return
		}
		if !c.Due.After(c.Start) {
			t.Fatalf("due %s not after start %s", c.Due, c.Start)
		}
		// One more pause or extension, at a day after the last event.
		at := evs[len(evs)-1].On.AddDays(int(extra) % 30)
		var more request.ClockEvent
		if extra&1 == 0 {
			more = request.ClockEvent{ID: 1000, Kind: request.EventConsultationSent, On: at}
		} else {
			more = request.ClockEvent{Kind: request.EventExtension, On: at, Days: int(extra)%20 + 1}
		}
		c2 := request.Compute(cal, request.ClockRules{}, append(evs[:len(evs):len(evs)], more), today)
		if c2.Due.Before(c.Due) {
			t.Fatalf("adding %+v moved due from %s to %s", more, c.Due, c2.Due)
		}
	})
}
