package wa

import (
	"sync"

	signallogger "go.mau.fi/libsignal/logger"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// libsignal logs through one package variable, which it sets to a default (printing to
// stdout) on first use, unguarded: sessions making their keys at once race on it (go
// test -race saw it). The first session sets it once, before it runs, to the host's log.
var signalLogOnce sync.Once

func setSignalLog(log waLog.Logger) {
	signalLogOnce.Do(func() {
		var l signallogger.Loggable = signalLog{log.Sub("Signal")}
		signallogger.Setup(&l)
	})
}

// signalLog is libsignal's Loggable over whatsmeow's logger.
type signalLog struct{ log waLog.Logger }

func (s signalLog) Debug(caller, msg string)   { s.log.Debugf("%s: %s", caller, msg) }
func (s signalLog) Info(caller, msg string)    { s.log.Infof("%s: %s", caller, msg) }
func (s signalLog) Warning(caller, msg string) { s.log.Warnf("%s: %s", caller, msg) }
func (s signalLog) Error(caller, msg string)   { s.log.Errorf("%s: %s", caller, msg) }
func (signalLog) Configure(string)             {}
