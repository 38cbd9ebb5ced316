import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';

type DebouncedTextInputProps = Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange'> & {
  initialValue: string;
  /** Called with the text once typing pauses, so each keystroke does not query the engine. */
  onSettled: (value: string) => void;
};

/** A text filter that shows every keystroke at once and reports the value after a 300 ms pause. */
export function DebouncedTextInput({ initialValue, onSettled, ...props }: DebouncedTextInputProps) {
  const [value, setValue] = useState(initialValue);
  const settleSoon = useDebouncedCallback(onSettled, 300);
  return (
    <TextInput
      {...props}
      value={value}
      onChange={(event) => {
        setValue(event.currentTarget.value);
        settleSoon(event.currentTarget.value);
      }}
    />
  );
}
