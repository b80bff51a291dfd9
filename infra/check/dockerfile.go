package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

type stage struct {
	Name     string    `json:"name"`
	Base     string    `json:"base"`
	Commands []command `json:"commands"`
}

type command struct {
	Instruction string `json:"instruction"`
	// the instruction as BuildKit parsed it (its typed fields: User, Health, SourcePaths…)
	Parsed instructions.Command `json:"parsed"`
}

// checkDockerfile parses a Dockerfile with BuildKit's own parser (the one `docker build`
// runs) into its stages and typed instructions, failing on what BuildKit would refuse,
// and prints them as JSON for tests/infra/test_image.py to hold to the image's rules.
func checkDockerfile(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: dockerfile FILE")
	}
	file, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer file.Close()
	ast, err := parser.Parse(file)
	if err != nil {
		return err
	}
	parsed, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return err
	}
	stages := make([]stage, 0, len(parsed))
	for _, s := range parsed {
		out := stage{Name: s.Name, Base: s.BaseName}
		for _, c := range s.Commands {
			out.Commands = append(out.Commands, command{Instruction: strings.ToUpper(c.Name()), Parsed: c})
		}
		stages = append(stages, out)
	}
	return json.NewEncoder(os.Stdout).Encode(stages)
}
