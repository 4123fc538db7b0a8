package inventory

import (
	"strings"
	"sync/atomic"

	"handover/internal/model"
)

// A large INI file is read by two goroutines. Most of the work of a host
// line is the line's own: splitting it, reading its values and writing
// out the new host with its variables. A reader goes ahead of the parser
// and does that for every plain host line (one name, key=value pairs),
// while the parser runs ansible's state machine over the same lines and,
// at a host line, takes the prepared host when it is what the reader
// assumed: a name not known yet, not a group's. Anything else, the
// parser reads the ordinary way, so the result is the same either way
// (TestReadAheadSameResult).

// readAheadBytes is the size of text from which the reader is started:
// below it, the goroutine costs more than it saves.
const readAheadBytes = 256 << 10

// readAheadBatch is how many prepared lines go to the parser at once.
const readAheadBatch = 256

// preparedHost is a host line as the reader read it.
type preparedHost struct {
	lineno int
	h      *invHost // its name, source and variables set; nil: not prepared
	pairs  int      // the line's key=value pairs
}

// readAhead is the parser's end of the reader.
type readAhead struct {
	batches chan []preparedHost // in the order of the file; closed at its end
	free    chan []preparedHost // batches the parser is done with, for reuse
	done    chan struct{}       // closed when the parser stops
	// wasteful tells the reader to stop preparing hosts: too many were
	// not used (hosts listed again in other groups).
	wasteful   atomic.Bool
	batch, cur []preparedHost
	used, lost int
}

// startReadAhead starts a reader over the lines of path.
func startReadAhead(lines lineScanner, path string, maxRange int) *readAhead {
	r := &readAhead{
		batches: make(chan []preparedHost, 4),
		free:    make(chan []preparedHost, 4),
		done:    make(chan struct{}),
	}
	go r.read(lines, path, maxRange)
	return r
}

// read follows the parser's states (hosts, vars, children, skip) through
// the section headers and prepares the host lines.
func (r *readAhead) read(lines lineScanner, path string, maxRange int) {
	defer close(r.batches)
	defer func() {
		// Nothing can recover a panic in this goroutine but itself: the
		// reader stops, and the parser reads the remaining lines the
		// ordinary way (in its own goroutine, where a panic of the code
		// both share surfaces as it did before).
		_ = recover()
	}()
	prep := hostPreparer{path: path, maxRange: maxRange}
	prepared, unprepared := 0, 0
	state := "hosts"
	batch := make([]preparedHost, 0, readAheadBatch)
	for lineno, line := range iniLines(lines) {
		if _, st, ok := sectionLine(line); ok {
			state = st
			continue
		}
		if state != "hosts" {
			continue
		}
		if r.wasteful.Load() {
			return // the parser reads the rest alone, without waiting
		}
		// A line the reader cannot prepare is passed on too, so that the
		// parser never waits for the reader to get past many of them; a
		// file of such lines (ranges, mostly) the parser reads alone.
		ph, ok := prep.host(line, lineno)
		if ok {
			prepared++
		} else if unprepared++; tooMany(unprepared, prepared) {
			return
		}
		batch = append(batch, ph)
		if len(batch) < cap(batch) {
			continue
		}
		select {
		case r.batches <- batch:
		case <-r.done:
			return
		}
		select {
		case batch = <-r.free:
		default:
			batch = make([]preparedHost, 0, readAheadBatch)
		}
	}
	if len(batch) > 0 {
		select {
		case r.batches <- batch:
		case <-r.done:
		}
	}
}

// prepared returns the host the reader prepared for line lineno, or nil.
// It is valid until the next call. The parser waits for the reader to
// get to the line, which it does as fast as the parser or faster.
func (r *readAhead) prepared(lineno int) *preparedHost {
	if r == nil {
		return nil
	}
	for {
		// Lines before this one were not host lines after all, or failed.
		for len(r.cur) > 0 && r.cur[0].lineno < lineno {
			r.cur = r.cur[1:]
		}
		if len(r.cur) > 0 {
			if r.cur[0].lineno != lineno || r.cur[0].h == nil {
				return nil
			}
			ph := &r.cur[0]
			r.cur = r.cur[1:]
			return ph
		}
		if r.batch != nil {
			select {
			case r.free <- r.batch[:0]:
			default:
			}
		}
		b, ok := <-r.batches
		if !ok {
			r.batch, r.cur = nil, nil
			return nil
		}
		r.batch, r.cur = b, b
	}
}

// close stops the reader and waits for it to end.
func (r *readAhead) close() {
	close(r.done)
	for range r.batches {
	}
}

// adopt adds the prepared host to the inventory when the line declares a
// new host, as hostLine would have; it reports whether it did.
func (p *iniParser) adopt(ph *preparedHost) bool {
	d, name := p.d, ph.h.m.Name
	_, known := d.hostIndex[name]
	_, clash := d.groupIndex[name]
	if known || clash && ph.pairs > 0 || len(d.hosts) >= d.lim.InventoryHosts {
		p.ahead.lost++
		if tooMany(p.ahead.lost, p.ahead.used) {
			p.ahead.wasteful.Store(true)
		}
		return false
	}
	p.ahead.used++
	d.readAheadUsed++
	d.register(ph.h, p.group)
	return true
}

// tooMany reports whether the reader's misses outweigh its hits enough
// for it to stop: more than a thousand, and more than an eighth of the hits.
func tooMany(misses, hits int) bool { return misses > 1024+hits/8 }

// hostPreparer is the reader's half of hostLine, with its own buffers and
// slabs.
type hostPreparer struct {
	path     string
	maxRange int
	alloc    hostAlloc
	repeated valueCache
	tokens   []string
	names    []string
}

// host prepares the host a line declares if it is new: ok is false when
// the line is anything but one name and key=value pairs that hostLine
// accepts, which hostLine then reads itself.
func (hp *hostPreparer) host(line string, lineno int) (ph preparedHost, ok bool) {
	ph.lineno = lineno
	tokens, err := shlexSplit(hp.tokens[:0], line)
	hp.tokens = tokens
	if err != nil || len(tokens) == 0 {
		return ph, false
	}
	pattern := tokens[0]
	names, port, err := expandHostPattern(hp.names[:0], pattern, hp.maxRange)
	hp.names = names
	if err != nil || len(names) != 1 || names[0] == "" || pyStrip(names[0]) == "---" ||
		port < 0 && strings.HasSuffix(pyStrip(pattern), ":") {
		return ph, false
	}
	for _, t := range tokens[1:] {
		if strings.IndexByte(t, '=') < 0 {
			return ph, false
		}
	}
	h := hp.alloc.newHost(names[0], model.Source{Path: hp.path, Line: lineno})
	pairs := tokens[1:]
	if n := len(pairs); port > 0 || n > 0 {
		if port > 0 {
			n++
		}
		hp.alloc.reserveVars(h, n)
	}
	hp.alloc.setPort(h, port)
	for i, t := range pairs {
		k, v, _ := strings.Cut(t, "=")
		// The vars of the line that declares a host share its source.
		h.vars.set(k, hp.repeated.value(i, v), &h.m.Source)
	}
	// Sorted here, while they are at hand, they are ready for build.
	sortVars(h.vars)
	if readyVars(h.vars) {
		h.ready = len(h.vars)
	}
	return preparedHost{lineno: lineno, h: h, pairs: len(pairs)}, true
}
