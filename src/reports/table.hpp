// A report or a list as a table: named columns and rows of text cells, the shape every export
// writer (CSV today) takes. Values are already rendered (dates ISO, money in tenge as a decimal).
#pragma once

#include <string>
#include <vector>

namespace komek::reports {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each row has one cell per column
};

}  // namespace komek::reports
