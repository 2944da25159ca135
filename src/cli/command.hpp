#pragma once
// One class per command (osmium-tool style): setup() declares options and parses nothing
// else, run() does the work. Commands are registered explicitly in commands.cpp.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace geoevent::cli {

struct Context {
    std::ostream& out;
    std::ostream& err;
};

class Command {
public:
    virtual ~Command() = default;
    virtual const char* name() const = 0;
    virtual const char* description() const = 0;
    // Shown at the end of `--help`: one or two example invocations.
    virtual const char* example() const = 0;
    virtual void setup(CLI::App& app) = 0;
    virtual int run(Context& ctx) = 0;
};

// A command whose issue has not landed yet: says so and exits 2, never fakes a result.
class PendingCommand : public Command {
public:
    PendingCommand(const char* name, const char* description, const char* example,
                   const char* issue)
        : m_name(name), m_description(description), m_example(example), m_issue(issue) {}
    const char* name() const override { return m_name; }
    const char* description() const override { return m_description; }
    const char* example() const override { return m_example; }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    const char* m_name;
    const char* m_description;
    const char* m_example;
    const char* m_issue;
};

struct CommandGroup {
    const char* name;
    const char* description;
    std::vector<std::unique_ptr<Command>> commands;
};

// Top-level commands and groups of sub-commands (e.g. `gazetteer lookup`).
std::vector<std::unique_ptr<Command>> make_commands();
std::vector<CommandGroup> make_groups();

// Prints `geoevent: error: <what>` and, when given, `hint: <hint>`.
void print_error(std::ostream& err, const std::string& what, const std::string& hint);

}  // namespace geoevent::cli
