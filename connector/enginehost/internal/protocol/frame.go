// Package protocol is what the connector and the engine host say to each other over
// their Unix socket: frames of a 4-byte big-endian length and a JSON object, each object
// one of the typed messages in messages.go, told apart by its "type".
package protocol

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxFrame bounds one frame. Media crosses as file paths, never as bytes, so every
// message is small; a larger length is a broken or hostile peer and ends the connection
// before anything is allocated for it.
const MaxFrame = 1 << 20

// ErrFrameTooLarge is returned for a length prefix above MaxFrame, read or written.
var ErrFrameTooLarge = errors.New("frame larger than protocol.MaxFrame")

// ReadFrame reads one whole frame, however the bytes arrive (io.ReadFull).
func ReadFrame(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(header[:])
	if size > MaxFrame {
		return nil, fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, size)
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("frame cut short: %w", err)
	}
	return body, nil
}

// WriteFrame writes body with its length prefix in one Write, so frames written from
// one goroutine never interleave.
func WriteFrame(w io.Writer, body []byte) error {
	if len(body) > MaxFrame {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, len(body))
	}
	frame := make([]byte, 4+len(body))
	binary.BigEndian.PutUint32(frame, uint32(len(body)))
	copy(frame[4:], body)
	_, err := w.Write(frame)
	return err
}

// Encode marshals one message and frames it.
func Encode(w io.Writer, message any) error {
	body, err := json.Marshal(message)
	if err != nil {
		return err
	}
	return WriteFrame(w, body)
}

// TypeOf reads a frame's "type" tag, the first step of decoding it.
func TypeOf(body []byte) (string, error) {
	var tag struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(body, &tag); err != nil {
		return "", fmt.Errorf("frame is not a JSON object: %w", err)
	}
	if tag.Type == "" {
		return "", errors.New(`frame has no "type"`)
	}
	return tag.Type, nil
}
